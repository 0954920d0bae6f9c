# swivel_add_tests(AREA [FILES test_a.cpp ...] LIBS lib...): one executable and CTest
# test per test_*.cpp of the folder (or per FILES when given), linked to LIBS only.
# Every area also gets a target `tests_<area>` that builds all of its test programs
# (e.g. `cmake --build build --target tests_model`).
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
    foreach(source ${tests})
        get_filename_component(name ${source} NAME_WE)
        set(target ${area}_${name})
        add_executable(${target} ${source})
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
