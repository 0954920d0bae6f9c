# swivel_add_tests(AREA [FILES test_a.cpp ...] LIBS lib...): one executable and CTest
# test per test_*.cpp of the folder (or per FILES when given), linked to LIBS only.
# Every area also gets a target `tests_<area>` that builds all of its test programs
# (e.g. `cmake --build build --target tests_model`).
#
# Most of a test program's compile time is QtTest's and nlohmann/json's headers, so the
# programs of one call (same libraries, so the same flags) share one precompiled header,
# made with the first of them: a clean build (CI's four builds start cold) compiles
# each test in a fraction of the time. SWIVEL_TEST_PCH=OFF turns it off.
option(SWIVEL_TEST_PCH "Precompile the headers every test program includes" ON)
set(SWIVEL_TEST_PCH_HEADERS
    <QtTest> <nlohmann/json.hpp>
    <algorithm> <filesystem> <fstream> <map> <memory> <set> <string> <vector>)

function(swivel_add_tests area)
    cmake_parse_arguments(ARG "" "" "FILES;LIBS" ${ARGN})
    if(ARG_FILES)
        list(TRANSFORM ARG_FILES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/ OUTPUT_VARIABLE tests)
    else()
        file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_*.cpp)
    endif()
    if(NOT TARGET tests_${area})
        add_custom_target(tests_${area})
    endif()
    list(LENGTH tests test_count)
    set(pch_owner "")
    foreach(source ${tests})
        get_filename_component(name ${source} NAME_WE)
        set(target ${area}_${name})
        add_executable(${target} ${source})
        if(SWIVEL_TEST_PCH AND test_count GREATER 1)
            if(pch_owner)
                target_precompile_headers(${target} REUSE_FROM ${pch_owner})
            else()
                target_precompile_headers(${target} PRIVATE ${SWIVEL_TEST_PCH_HEADERS})
                set(pch_owner ${target})
            endif()
        endif()
        target_link_libraries(${target} PRIVATE Qt6::Test ${ARG_LIBS} swivel_warnings)
        target_compile_definitions(${target} PRIVATE
            SWIVEL_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data"
            SWIVEL_SOURCE_RESOURCES="${SWIVEL_RESOURCES_DIR}")
        add_test(NAME ${target} COMMAND ${target})
        set_tests_properties(${target} PROPERTIES
            # No gdb stack dump on a crash: on a deep stack it runs for many minutes;
            # the sanitizer build prints the stack instead.
            ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QTEST_DISABLE_STACK_DUMP=1;SWIVEL_RESOURCES=${SWIVEL_RESOURCES_DIR}"
            TIMEOUT 600
            LABELS ${area})
        add_dependencies(tests_${area} ${target})
        if(area IN_LIST SWIVEL_THREADED_AREAS OR target IN_LIST SWIVEL_THREADED_TESTS)
            set_property(TEST ${target} APPEND PROPERTY LABELS threads)
            add_dependencies(tests_threads ${target})
        endif()
    endforeach()
endfunction()
